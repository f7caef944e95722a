package com.acme.notify

import okhttp3.Credentials
import okhttp3.OkHttpClient
import okhttp3.Request

const val PUSHER_SECRET = "7fa513bd09381da261d0"
const val PUSHER_KEY = "dcc9d64058e398c65ab1"
private const val ONESIGNAL_REST_KEY = "os_v2_app_e7g7yixocdydfqshhikmjghznr2wa3a4w7ut5dt5ynvac76hvfx24n64qqgehlehv34paxfv4xcbi3jd"

data class SmtpConfig(
    val host: String = "smtp.sendgrid.net",
    val user: String = "apikey",
    val password: String = "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",
)

class Notifier(private val http: OkHttpClient = OkHttpClient()) {
    private val twilioAuth = Credentials.basic("AC8c29519dc821822d993b0788fccbb546", "2c819d6cb6d6ffd73e84a27d5cd5007c")
    private val expoAccessToken: String = "Yi-eoeXXF4NRnxosKtFP2JTvBZBiTaoY7KmTnAic"

    fun send(to: String, text: String) {
        val req = Request.Builder()
            .url("https://api.twilio.com/2010-04-01/Accounts/AC/Messages.json")
            .header("Authorization", twilioAuth)
            .header("X-Correlation-Id", "ac562b67-3296-43d7-afb9-44daace63128")
            .build()
        http.newCall(req).execute()
    }

    fun login() = authenticate(username = "notifier", password = "dehh!11O46e59ce2")

    private fun authenticate(username: String, password: String) = Unit

    val passwordLabel = "Password (at least 12 characters)"
}
