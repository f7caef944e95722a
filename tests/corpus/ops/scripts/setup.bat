@echo off
set apikey="b052dd4f4f9163e6a5e10fb2b436a5e4"
set API_TOKEN=yG7ENlHQ55z95g02WchSNtECmGfRp7mR71rS7dlB
set DB_PASSWORD=j8bfgqG_c_fkf2uw
set "SQLCMDPASSWORD=y-LLQZZ6-EZRUb7o"
set PASSWORD_FILE=C:\secrets\db.txt
set TOKEN=%DEPLOY_TOKEN%
set "PASSWORD=%DB_PASSWORD%"
sqlcmd -S sql01 -U sa -P 1WiLZXrfLY2FnD -Q "BACKUP DATABASE app TO DISK='D:\bak\app.bak'"
net use \\files01\share /user:ACME\svc xwUSyncNO9blam
