<?php

namespace Acme\Api;

class PaymentClient
{
    private const API_KEY = 'e95749c2c8f627fd0a3059b70b6aad7e';
    private string $secret = 'CY2yrk9oZW6BtWwGN6ihIiR8NFFgoma2CK472xCX';
    protected $passwordField = 'customer_password';
    private $config = [
        'username' => 'acme',
        'password' => 'gTcoTi3x_cvf9bgzna',
        'api_token' => '8ngzf21pIwZ74V7LwR2xmzx87O8QhZYT',
        'token_type' => 'bearer',
        'next_token' => '6OfhWwvqViWCWVjYPwDOimaT2GZaQCp7QgornGxYGmwTB3fV/uuLVg==',
    ];

    public function charge(array $body)
    {
        $ch = curl_init('https://api.paygate.example-psp.com/v1/charges');
        curl_setopt($ch, CURLOPT_USERPWD, 'acme:ygUBCTTt!tkZH99V');
        curl_setopt($ch, CURLOPT_HTTPHEADER, [
            'Authorization: Bearer 64uXTGTfRIlXbkmoQr9wohoP_ddcOVattyTkXvzT',
            'Idempotency-Key: 073a0dc7-1a51-4bc1-808a-f521b5d83ce7',
            'X-CSRF-Token: ' . $_SESSION['csrf_token'],
        ]);
        return curl_exec($ch);
    }

    public function login()
    {
        return $this->http->post('/login', ['form_params' => ['_token' => 'QUGmxshezQNzmMTfeUWTaCQYqKyLQUR9F1lbNKZq', 'password' => $this->config['password']]]);
    }
}
