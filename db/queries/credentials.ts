import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { credentialGrants, credentials, tools, type CredentialRow, type CredentialSubjectKind } from '@/db/schema';

export type GrantSubject = { kind: CredentialSubjectKind; id: string };
/** A credential without its ciphertext, with its grants: what listings and the admin page read. */
export type CredentialListing = Omit<CredentialRow, 'ciphertext'> & { grants: GrantSubject[] };

// Drizzle wraps the driver's error: the SQLSTATE is on the error or its cause.
const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: unknown } | null;
  return e?.code === '23505' || (!!e?.cause && isUniqueViolation(e.cause));
};

/** Inserts a credential; undefined when the name is taken. */
export async function insertCredential(
  db: Db,
  c: { name: string; kind: string; ciphertext: string; hint: Record<string, string>; createdBy: string | null },
): Promise<CredentialRow | undefined> {
  const [row] = await db.insert(credentials).values(c).onConflictDoNothing({ target: credentials.name }).returning();
  return row;
}

/** Replaces the sealed secret (and its hint); undefined when the credential no longer exists. */
export async function updateCredentialSecret(db: Db, id: string, s: { kind: string; ciphertext: string; hint: Record<string, string> }) {
  const [row] = await db
    .update(credentials)
    .set({ ...s, updatedAt: sql`now()` })
    .where(eq(credentials.id, id))
    .returning({ id: credentials.id, name: credentials.name });
  return row;
}

/** Renames; 'taken' when another credential has that name, undefined when this one is gone. */
export async function renameCredentialRow(db: Db, id: string, name: string): Promise<{ id: string } | 'taken' | undefined> {
  try {
    // A savepoint, so a taken name leaves the caller's transaction usable.
    return await db.transaction(async (tx) => {
      const [row] = await tx.update(credentials).set({ name, updatedAt: sql`now()` }).where(eq(credentials.id, id)).returning({ id: credentials.id });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return 'taken';
    throw err;
  }
}

/** Deletes a credential (its grants go with it); returns its name, undefined when already gone. */
export async function deleteCredentialRow(db: Db, id: string): Promise<{ name: string } | undefined> {
  const [row] = await db.delete(credentials).where(eq(credentials.id, id)).returning({ name: credentials.name });
  return row;
}

/** The full row (ciphertext included) for the vault itself; never hand it to a page. */
export async function findCredentialRow(db: Db, id: string): Promise<CredentialRow | undefined> {
  const [row] = await db.select().from(credentials).where(eq(credentials.id, id));
  return row;
}

/** Whether `subject` holds a grant on the credential. */
export async function hasCredentialGrant(db: Db, credentialId: string, subject: GrantSubject): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(credentialGrants)
    .where(and(eq(credentialGrants.credentialId, credentialId), eq(credentialGrants.subjectKind, subject.kind), eq(credentialGrants.subjectId, subject.id)));
  return !!row;
}

/** Sets exactly these grants (the others are removed). */
export async function replaceCredentialGrants(db: Db, credentialId: string, subjects: readonly GrantSubject[]): Promise<void> {
  await db.delete(credentialGrants).where(eq(credentialGrants.credentialId, credentialId));
  if (subjects.length) {
    await db
      .insert(credentialGrants)
      .values(subjects.map((s) => ({ credentialId, subjectKind: s.kind, subjectId: s.id })))
      .onConflictDoNothing();
  }
  await db.update(credentials).set({ updatedAt: sql`now()` }).where(eq(credentials.id, credentialId));
}

/** Grants one credential to one more subject (the others keep theirs; a no-op when already granted). False when the credential does not exist. */
export async function addCredentialGrant(db: Db, credentialId: string, subject: GrantSubject): Promise<boolean> {
  if (!(await db.select({ id: credentials.id }).from(credentials).where(eq(credentials.id, credentialId))).length) return false;
  await db.insert(credentialGrants).values({ credentialId, subjectKind: subject.kind, subjectId: subject.id }).onConflictDoNothing();
  return true;
}

/** Grants the subject exactly this one credential, or none (`null`): its earlier grants are dropped. */
export async function setSubjectCredential(db: Db, subject: GrantSubject, credentialId: string | null): Promise<void> {
  await deleteGrantsOfSubject(db, subject);
  if (credentialId) await db.insert(credentialGrants).values({ credentialId, subjectKind: subject.kind, subjectId: subject.id }).onConflictDoNothing();
}

/** Drops every grant a subject holds (call when the tool, provider or server is deleted). */
export async function deleteGrantsOfSubject(db: Db, subject: GrantSubject): Promise<void> {
  await db.delete(credentialGrants).where(and(eq(credentialGrants.subjectKind, subject.kind), eq(credentialGrants.subjectId, subject.id)));
}

/** Every credential, by name, without ciphertext, with its grants. */
export async function listCredentials(db: Db): Promise<CredentialListing[]> {
  const rows = await db
    .select({
      id: credentials.id,
      name: credentials.name,
      kind: credentials.kind,
      hint: credentials.hint,
      createdBy: credentials.createdBy,
      createdAt: credentials.createdAt,
      updatedAt: credentials.updatedAt,
    })
    .from(credentials)
    .orderBy(asc(credentials.name));
  const grants = await db
    .select({ credentialId: credentialGrants.credentialId, kind: credentialGrants.subjectKind, id: credentialGrants.subjectId })
    .from(credentialGrants)
    .orderBy(asc(credentialGrants.subjectKind), asc(credentialGrants.subjectId));
  return rows.map((r) => ({ ...r, grants: grants.filter((g) => g.credentialId === r.id).map(({ kind, id }) => ({ kind, id })) }));
}

/** The credentials granted to a subject (id, name, kind): what a tool form offers to pick from. */
export async function listCredentialsGrantedTo(db: Db, subject: GrantSubject): Promise<{ id: string; name: string; kind: string }[]> {
  return db
    .select({ id: credentials.id, name: credentials.name, kind: credentials.kind })
    .from(credentials)
    .innerJoin(credentialGrants, eq(credentialGrants.credentialId, credentials.id))
    .where(and(eq(credentialGrants.subjectKind, subject.kind), eq(credentialGrants.subjectId, subject.id)))
    .orderBy(asc(credentials.name));
}

/** The subjects a credential can be granted to that exist today: registry tools (id and name). */
export async function listGrantableTools(db: Db): Promise<{ id: string; name: string }[]> {
  return db.select({ id: tools.id, name: tools.name }).from(tools).orderBy(asc(tools.name));
}
