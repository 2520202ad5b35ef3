import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { sectionsFor } from '@/lib/auth/nav';

export default async function Home() {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  redirect(sectionsFor(user.roles)[0]?.href ?? '/forbidden');
}
