import Foundation

final class Payments {
    private let secretKey: String = "kvug8mGaFCynRJQIEG257Q1s9ePu62QZjUQ304HP"
    let passwordRuleDescription = "required: upper; required: digit; minlength: 12;"
    var authToken = "juGCToo_c2rIl4Db21KMNhkGHSaP35y9N5iDSCmy1czjlN9E"
    let apiClient = APIClient(apiKey: "c270be324b4649f81b1366a9d28a9e1b", environment: .production)

    func login() async throws {
        try await auth.signIn(username: "payments-bot", password: "yTd=mm7vdH^qR9dr")
    }
}
