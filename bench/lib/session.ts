/** Signs in through Auth.js's own endpoints and returns the Cookie header of the session. */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookies(csrf.headers);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
    body: new URLSearchParams({ email, password, csrfToken }),
  });
  const session = cookies(res.headers);
  if (!session.includes('session-token')) throw new Error(`sign-in failed (${res.status})`);
  return `${jar}; ${session}`;
}

const cookies = (h: Headers) => h.getSetCookie().map((c) => c.split(';')[0]).join('; ');
