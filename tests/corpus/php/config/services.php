<?php

return [
    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN'),
        'secret' => env('MAILGUN_SECRET', 'key-8caf271a0e2e2165490331e38a147d26'),
        'endpoint' => env('MAILGUN_ENDPOINT', 'api.eu.mailgun.net'),
    ],

    'twilio' => [
        'sid' => env('TWILIO_SID', 'ACd8ed55409df79d9d2475f4a3308d9274'),
        'API_KEY' => env('TWILIO_API_KEY', 'SK8dcdf112a0fe81e1a10176c78e3dab5e'),
        'secret' => env('TWILIO_API_SECRET', 'PDvhoCXrlbQUxJUj2oabeDbM3NX8KPIA'),
    ],

    'stripe' => [
        'key' => env('STRIPE_KEY', 'pk_test_75RmqJlFykt1BQbHhfu5eIIuZuEqPayaTvioVshB5aQ6nnmMaCa0NMsbIsU7ig3hUUVrgKeDcpzUtnKLJlJKmZhyzTjU1S6ArPe'),
        'secret' => env('STRIPE_SECRET'),
        'webhook' => ['secret' => env('STRIPE_WEBHOOK_SECRET'), 'tolerance' => 300],
    ],

    'github' => [
        'client_id' => env('GITHUB_CLIENT_ID', 'Ov23liHT2ydoVFFoGPxC'),
        'client_secret' => env('GITHUB_CLIENT_SECRET', '3c230682930dada21ce58af82ab03d4ce11b7e28'),
        'redirect' => '/auth/github/callback',
    ],

    'postmark' => ['token' => '09bc37c4-de53-4678-84de-c2f29eac1e12'],
    'slack' => ['notifications' => ['bot_user_oauth_token' => env('SLACK_BOT_USER_OAUTH_TOKEN'), 'channel' => env('SLACK_BOT_USER_DEFAULT_CHANNEL')]],
    'pusher' => ['app_id' => '1733221', 'key' => '3509df770f534bc92b6b', 'secret' => '65e5d3df935209987c39'],
];
