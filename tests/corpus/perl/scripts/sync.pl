#!/usr/bin/perl
use strict;
use warnings;
use DBI;

my %cfg = (
    user     => 'sync',
    password => 'e!~u-6jm9XfPevHG',
    api_key  => 'b50eb4faaa562f691cec87f695f60891',
);
my $dbh = DBI->connect("dbi:Pg:dbname=sync;host=pg.internal", "sync", "7UAJl0IYUB+Sj09a", { RaiseError => 1 });
my $token = $ENV{SYNC_TOKEN} || '3LEeo8MfOh07NPBltMGiVZK3PKPXLAqG';
