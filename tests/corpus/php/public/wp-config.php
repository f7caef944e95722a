<?php
define( 'DB_NAME', 'wp_acme_blog' );
define( 'DB_USER', 'wp_acme' );
define( 'DB_PASSWORD', 'Hlk7+34urAI~QWGkz7oS' );
define( 'DB_HOST', 'mysql.acme-hosting.net' );
define( 'DB_CHARSET', 'utf8mb4' );

define( 'AUTH_KEY',         'Fy!I!+~SH=OAP*lP1kf(bGb-sE#+9xS=h<SI2ivV^fQSn!SjvrhCD3R(GZrr|t?9' );
define( 'SECURE_AUTH_KEY',  ';~SqMH?.{TV4[0Skg&YaZ^9;<M^,^<V~!-JRlhA{lOAsj4L}lDgX=0{rOHq_DUCs' );
define( 'LOGGED_IN_KEY',    'ON@+{sNY*)tVWTlNFE/XjU5I6Ho=qPe@z<@F]Y<Bx5p;*c+cR7upL_^3].p8c^O3' );
define( 'NONCE_KEY',        '@1_P/u+*]0PqvZ-e7BiRz)4h]Oo).H7+:(Y8RK0t}XUdUnwN#5;Q~pFGc5xicpD^' );
define( 'AUTH_SALT',        'Jy.SO4bhz9?_JMNRLk?A:w-/Cq<b0tAR.VYO=LNY0_CGS(v/wB.l[3!bjZL+Azv<' );
define( 'SECURE_AUTH_SALT', 'put your unique phrase here' );

define( 'WP_MAIL_SMTP_PASS', "Z4wC.*~0T=DobhP2" );
define( 'AWS_SES_ACCESS_KEY', 'AKIA2QFGW3CUBXPYBKPH' );
define( 'PASSWORD_RESET_PAGE', 'reset-password' );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
