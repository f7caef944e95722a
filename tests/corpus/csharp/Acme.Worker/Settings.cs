namespace Acme.Worker;

public sealed class Settings
{
    public string ApiKey { get; init; } = Environment.GetEnvironmentVariable("API_KEY") ?? string.Empty;
    public string DbPassword { get; init; } = configuration["Db:Password"];
    public string Token => _secretClient.GetSecret("worker-token").Value.Value;
    public string PasswordPolicy { get; init; } = "Default";
    public string ClientSecret { get; init; } = "2N622qPlvYDJmIdcBtdOsEVMHSYGhFRSadHPSrUA";
    public const string TokenHeader = "X-Worker-Token";
    public static readonly string ConnectionString = "Host=pg.internal;Database=worker;Username=worker;Password=gLbULJN.HU8GS-7vKp";
}
