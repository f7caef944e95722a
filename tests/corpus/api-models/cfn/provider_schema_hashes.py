# Generated, do not edit.
SCHEMA_HASHES = {
    "AWS::SecretsManager::Secret": "ecd02136f2f2cf20",
    "AWS::SecretsManager::SecretTargetAttachment": "64caa451c72e1529",
    "AWS::SecretsManager::RotationSchedule": "14cf90470de8061d",
    "AWS::SSM::Parameter": "dd2e0afff4e4613a",
    "AWS::KMS::Key": "a872a661a9f3f06d",
    "AWS::IAM::AccessKey": "2715cf2b549f37e8",
    "AWS::Cognito::UserPoolClient": "dee9c3981e27fddf",
    "AWS::MSK::BatchScramSecret": "ceff74e6a136d4ea",
    "AWS::Route53::KeySigningKey": "8baeeab90502f135",
    "AWS::AppSync::ApiKey": "acd587b9f79e8ea0",
    "AWS::ApiGateway::ApiKey": "7ef7b806c104771c",
    "AWS::EC2::KeyPair": "9146db11f866b667",
}
TERRAFORM_TYPES = {
    "aws_secretsmanager_secret_version": "secret_string",
    "azurerm_key_vault_secret": "value",
    "google_secret_manager_secret_version": "secret_data",
    "vault_generic_secret": "data_json",
}
JAVA_TYPES = ["com.amazonaws.auth.BasicSessionCredentials", "org.springframework.security.oauth2.core.OAuth2AccessToken"]
