import bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';

/** bcrypt cost 11: ~150 ms per hash here, slow enough to make offline guessing expensive. */
const COST = 11;

export const hashPassword = (plain: string) => bcrypt.hash(plain, COST);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

let dummy: Promise<string> | undefined;
/** Compared against when the account does not exist, so timing does not reveal which emails exist. */
export const dummyHash = () => (dummy ??= hashPassword(randomUUID()));
