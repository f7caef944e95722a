param(
    [string]$Environment = "prod",
    [string]$Token = "MyIqG1N0yZLWW91nZbVwJAhxx9U4pOFTYXaIk0dx"
)

$ErrorActionPreference = "Stop"
$env:AZURE_DEVOPS_EXT_PAT = "dmho2ajf5x2uczwf6eybc3tj2ecxytmhyy5hlrwks2e2cx7pn7w3"
$password = ConvertTo-SecureString "*6-BJhbq-1DobWyb7q" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential ("ACME\svc-deploy", $password)

Connect-VIServer -Server vcenter01.corp.acme.local -User administrator@vsphere.local -Password jx+L-lzkw8HdwQvn
Invoke-Command -ComputerName web01 -Credential $cred -ScriptBlock { iisreset }

& psexec \\web02 -u ACME\svc-deploy -p tfamvrumkx8qLN cmd /c "C:\deploy\run.cmd"
& net use Z: \\files01\deploy /user:ACME\svc-deploy 00OmFFi0RZwC0r3

$headers = @{ Authorization = "Basic c3ZjLWRlcGxveTpPLXZoV2xCTi13LjhELT13" }
Invoke-RestMethod -Uri "https://dev.azure.com/acme/_apis/projects" -Headers $headers

$securePw = Read-Host -AsSecureString -Prompt "Password"
$apiKey = $env:OCTOPUS_API_KEY
$env:SQL_PASSWORD = "!iV!EZ8M.F1B_nxI"
$ApiKey = '5057a6ec03a0c847b7a0dd15f2b59ce7b0f7eacd'
$octo = "API-D9SIXE6CWB7RM4JIL96GUFTRP21"
