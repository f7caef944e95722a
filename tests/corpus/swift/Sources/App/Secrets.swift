import Foundation

enum Secrets {
    static let apiKey = "s0IUSzZZgSvpzoIE5etecyX5PplryQqy"
    static let revenueCatKey = "appl_bIBuA6ON9L0MyIRZxG9LVBt2eml"
    static let mixpanelToken = "af9d7743dbaccdfe9a5c6a257cdf0049"
    static let passwordResetURL = "https://acme.app/account/password/reset"
    static let keychainService = "com.acme.app.tokens"
}

struct BackendConfig {
    var baseURL = URL(string: "https://api.acme.app")!
    var clientSecret: String = "_bvExG1iynd8OFMIlLNqTCHr7iK8DKl84hpv0Oh6rvx"
    var clientID: String = "f1c583bf-de42-48cc-a608-5e74e8426771"
}

func makeRequest() -> URLRequest {
    var req = URLRequest(url: URL(string: "https://api.acme.app/v2/me")!)
    req.setValue("Bearer rToh2Iam26FXcfNYrcHsvlrMKEgiC_Nc8bx5rIqSAdF80Xy-bXQ8BStdNpGZLz3q", forHTTPHeaderField: "Authorization")
    req.setValue("fe598cd0-b805-417f-aacd-93bb3ec1be10", forHTTPHeaderField: "X-Request-ID")
    return req
}

let algoliaAdminKey = "e65736923b16b4ee28e5d105402505d0"
private let googleMapsKey = "AIzaUivhI1zdr5b8elpn75uwH_IjFCai9grlI8l"
