import { hash, verify } from "@node-rs/argon2";

// Argon2id with the OWASP-recommended minimum (19 MiB, 2 passes): memory-hard, so
// a stolen hash is expensive to guess at scale.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the account does not exist keeps the response time the
// same, so timing does not reveal which emails have accounts.
export const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$j1ZvzTf4r+2od7ozMM4uDQ$70jHmXJdIsi38WyKg7DFY7n/SimoJNaHXP7dkVzMOv0";
