CREATE ROLE app_rw WITH LOGIN PASSWORD 'BIF6Y=.h~0-^WnJ-__=1';
CREATE USER reporting WITH ENCRYPTED PASSWORD 'W3N~xh~VTR=SHJnAWl';
ALTER USER postgres PASSWORD 'q!Ec*gna6r5SDwgXpnWD';
CREATE USER 'shop'@'%' IDENTIFIED BY '1n18B1DBXdBa~R^BnI';
GRANT SELECT ON shop.* TO 'shop'@'%';
ALTER LOGIN sa WITH PASSWORD = 'NTfN_6gQ44xg39x-jL';
CREATE USER readonly WITH PASSWORD :'readonly_password';
-- the api_tokens table holds hashes only
CREATE TABLE api_tokens (id uuid primary key, token_hash char(64) not null, token_prefix varchar(8));
INSERT INTO api_tokens VALUES ('bfc5545e-b2b6-44d2-8d2b-8ae713263275', '80290339cb240e42748d9a9a5962662c32ee69d9ae343a9fc2018c8fde4a0f9a', 'ak_live_');
INSERT INTO settings (key, value) VALUES ('smtp_password', 'H-0VsMD=_T06Mj_L');
INSERT INTO settings (key, value) VALUES ('password_min_length', '12');
