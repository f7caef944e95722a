#!/bin/sh
API_TOKEN=xfDAj1g2SRlDuuJ7w6zIAZ8ZA6Xu8hwZFk2ML3uN
SECRET_KEY="S87INUn28ccGtTJkyvRg6GiOPsmWEKRY/UT5qKqIvaM="
readonly ADMIN_PASSWORD='8AqyEgRW5Xd-j9qT'
declare -x WEBHOOK_SECRET=da097dfd90e88f837fc599725103218fd60db6d4
export PASSWORD="$(cat /run/secrets/db_password)"
export TOKEN="${TOKEN:?missing}"
export API_KEY="$(vault kv get -field=api_key secret/app)"
export NEXT_TOKEN=J33UU6IPZBEzAN55jNkTgenudoZHyDJWXKxaYglH
cat > /etc/app/env <<EOT
DB_PASSWORD=YljnyBai8bz91-wwBm
SMTP_PASSWORD=${SMTP_PASSWORD}
EOT
