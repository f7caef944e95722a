#!/usr/bin/env bash
set -euo pipefail

export AWS_ACCESS_KEY_ID=AKIAHSJCNKIO54SY6ZSV
export AWS_SECRET_ACCESS_KEY=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
export AWS_DEFAULT_REGION=eu-west-1
export DOCKER_PASSWORD="Te4S^TUTEufST^vaf4yl"
export REGISTRY_TOKEN='3zItoQzuEW4gOyrldwzUKudgLQKsrsvhntCTOYHh'
export DEPLOY_KEY_PATH=/etc/deploy/id_ed25519
export DATADOG_API_KEY=6b6fb80115b2b0bf44e2ab46b770d71e
export CC_TEST_REPORTER_ID=0d98784b6c80d7080ce80a4e4cb1206f9f57ef74bc6357fd5df36684bad9195f
export GITHUB_TOKEN="${GITHUB_TOKEN:-ghs_pzJlk1riSEiB0CiiCxolQRn6tkRiAz49Zm6K}"
export SLACK_TOKEN="${SLACK_TOKEN}"
export VAULT_TOKEN=$(vault login -token-only -method=approle role_id="$ROLE_ID" secret_id="$SECRET_ID")
export NEXT_TOKEN=""
DB_PASS=tOSM-hUU4CMyyICB
API_SECRET="$API_SECRET"

echo "H7f5CSzX4Odt4o_Yy4" | docker login registry.acme.io -u deployer --password-stdin
docker login -u acmeci -p dckr_pat_2dyNwSMdpuqG35FrEGNOlfvEdxl docker.io
mysql -h db.internal -u root -pnIVtrdjkPc_B_oS7 -e 'SHOW DATABASES'
mysqldump --user=backup --password=a.CbIR0RgeB8fQnr --all-databases > /backup/all.sql
psql "postgresql://deploy:KByMI4x8nBTB~dEo@db.internal:5432/app" -c 'select 1'
PGPASSWORD="R_KXPE4my3MHXWpr" psql -h db.internal -U deploy app < migrate.sql
sshpass -p w4qShgg5YmZ8 ssh deploy@10.0.4.11 'systemctl restart app'

curl -sS -u admin:wN1lZxwSJ9_GYED9 https://jenkins.acme.io/job/app/build
curl -sS -H "Authorization: Bearer PMvcdj6iz1_UZeZ-rmyDL8n73md5IDqAmHBX-Dpl" https://api.acme.io/v1/deploys
curl -sS -H 'X-Api-Key: d0b538acc7d64949f1a4cbdcc7fb73b6' https://status.acme.io/api/incidents
curl -sS -H "PRIVATE-TOKEN: glpat-d6Sre79GKT_3W7Cz4T6_" https://gitlab.acme.io/api/v4/projects
curl -sS --header "Authorization: token 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" https://api.github.com/repos/acme/app/deployments
curl -sS -H "Authorization: Bearer $DEPLOY_TOKEN" https://api.acme.io/v1/deploys
curl -sS -H "Authorization: Bearer <token>" https://api.acme.io/v1/me
curl -sS "https://api.acme.io/v1/metrics?api_key=78adcf5c68e304e4d9fc9e6979ad5f63&from=now-1h"
curl -sS -X POST -d "client_id=deploy&client_secret=Sr0JXLx3uwo8FfiRt-8TNvicQkn24KLv&grant_type=client_credentials" https://auth.acme.io/oauth/token
curl --user "deploy:$DEPLOY_PASSWORD" https://artifacts.acme.io/upload
wget --user=ci --password=_Gp1KLaQ8nOxdm https://artifacts.acme.io/releases/app.tar.gz
helm upgrade app ./chart --set db.password=d2HP6xs5O_a8e45X --set image.tag="$GIT_SHA"
kubectl create secret generic app --from-literal=API_TOKEN=dlWswigTiL29LrxMDZXxzco7wj6EHYmd --dry-run=client -o yaml
terraform apply -var "db_password=D_kxDhnRpzZ9muow" -auto-approve
az login --service-principal -u bc38b5b3-8688-4897-8deb-141faec966b6 -p J9r8Q~ry1EqEYjZRXCcBVJykcjNuPE.1NaMVAv.h --tenant f556f071-00a4-40f1-a3ed-14bc215c7c1f
gh auth login --with-token <<< "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"
npm config set //registry.npmjs.org/:_authToken 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
openssl enc -aes-256-cbc -pass pass:JMkV5mjq_OmBYHy6 -in dump.sql -out dump.sql.enc
redis-cli -h cache.internal -a EjA9WS0aY66I631JePd9VlYSWIo54Cn8 FLUSHALL
git clone https://x-access-token:ghs_1WDqVvksSt0y7KJBg8mPcbzMicDryh2Epius@github.com/acme/infra.git
git log --format=%H -1  # 720c786f3a7c00c43d0fd05b668eed64960138f1
echo "deployed $(git rev-parse HEAD)"
