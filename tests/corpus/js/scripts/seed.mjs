import { MongoClient } from 'mongodb';
import fetch from 'node-fetch';

const uri = 'mongodb://admin:nVAs.z9FX2O21FUorCb-@mongo-0.mongo.svc.cluster.local:27017/?authSource=admin&replicaSet=rs0';
const client = new MongoClient(uri);

const ADMIN_PASSWORD = 'Zigbrami-kasta-peytev-701';
let adminToken = process.env.ADMIN_TOKEN;
const githubToken = process.env['GITHUB_TOKEN'];
const nextToken = 'PXNan/WvEMiq46OsmoD7l/zn7kZya5aTq0GDIkJ+';

await fetch(`https://api.telegram.org/bot9377187437:AAb-4U76H0TqaDlnIJTK5Y0byN-3wGgzlom/sendMessage`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ chat_id: -1001234567890, text: 'seed finished' }),
});

await fetch('https://api.airtable.com/v0/appX7k2/Table1', {
  headers: { Authorization: 'Bearer patipbYHnToAkJR4S.4c7da7d9f6315f5eeb27394f73c2571ef713a571d1cf401caec5abdd173a435c' },
});

await fetch('https://hooks.zapier.com/hooks/catch/1/abc/', { method: 'POST', body: '{}' });
const discord = 'https://discord.com/api/webhooks/7023388788206644370/qL9gAi8AE3_lpwb1tnJgtjMbtF5Zs27HKbbLjASgWqNbpo5pItfcxeAwRwO3as-1K-lZ';
const discordBotToken = 'OTczNjgyNDIxMzIyMjI2MDQ4.Cx5F03.V80YceU_AxMrgMhmgr77p8Y-o01K-WWpFcgtkV';
await client.close();
