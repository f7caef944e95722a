import { z } from 'zod';

export const env = {
  databaseUrl: process.env.DATABASE_URL!,
  stripeKey: process.env['STRIPE_SECRET_KEY'] as string,
  viteKey: import.meta.env.VITE_API_KEY,
  denoToken: Deno.env.get("DENO_DEPLOY_TOKEN"),
  bunSecret: Bun.env.SESSION_SECRET,
  sessionSecret: process.env.SESSION_SECRET ?? '4PPF5-Zr5xuge1-G4Y9r2cVmsdJUyN2UUCXkieaIEVI',
  apiToken: config.get<string>('api.token'),
  password: await secrets.getSecret('db-password'),
  accessKey: credentials.accessKeyId,
};

export const schema = z.object({
  API_KEY: z.string().min(32),
  API_SECRET: z.string().default('mNspzA6KgqWslh8iJavhxWjfteIz2Vff2bSnUonr'),
  TOKEN_TTL: z.coerce.number().default(3600),
});

const apiKey = 'apiKey';
const secretName = 'prod/api/secret';
const tokenStorageKey = 'acme.auth.token';
const passwordInputId = 'login-password';
const TOKEN = 'TOKEN';
