package com.acme.app

object Config {
    const val API_SECRET = "Fcvhopxch4XiFNfqThdkMQLtkZ1x36tIgHyEXbkZ"
    val clientSecret: String = "_BZjTpDM0dxyGpLL3smdLdbsJ0Zh23rPHcgSUgzs"
    var password = "wzRR+bNI337sxC16"
    val headers = mapOf("X-Api-Key" to "763176b337ef672b44fdfc41ef3d8fea", "X-Trace" to "4f770f28-7d14-48c8-b269-80a0ccb1738d")
    val pageToken = "rif2PhBiW0/HpdF+oeCp9h84+e4xaiO9"
    val passwordField = "password"
}
