using System.Net;
using System.Net.Http.Headers;
using System.Net.Mail;

namespace Acme.Portal.Services;

public class MailService
{
    private const string SmtpUser = "portal@acme.io";
    private const string SmtpPassword = "g_L3sRwD3n==QjMl!8";
    private static readonly string ApiKey = "FW2nbZkERMgn1tvzkFGOm4L6flDwSPMvhB5C3JXM";
    public string PasswordFieldName { get; set; } = "Input.Password";
    public string ClientSecret { get; set; } = "tz5H_nnSx19CcT2YEg8VwEFJUjlpqmaVdVtpoiJenC9";

    public SmtpClient Create() => new SmtpClient("smtp.office365.com", 587)
    {
        Credentials = new NetworkCredential("portal@acme.io", "1~_^~DV2utfna-.e"),
        EnableSsl = true,
    };

    public HttpClient Partner()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "RlBBaatdKjMt63cC-FjuubGSsxj0QxqKoawzVnPeyCm_CqR3");
        http.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", "88c277fa6ed3e8f3f9dbf5def0630fba");
        http.DefaultRequestHeaders.Add("X-Request-Id", Guid.NewGuid().ToString());
        return http;
    }

    public string FromEnv() => Environment.GetEnvironmentVariable("SMTP_PASSWORD") ?? "6J3y3DQBNPh.*A!U";
    public string Vault() => Environment.GetEnvironmentVariable("VAULT_TOKEN");
    public string AwsType = "AWS::SecretsManager::Secret";
}
