import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';

export const newAccountSchema = z.object({
  email: z.string().trim().email('Enter a valid email address.'),
  name: z.string().trim().min(1, 'Enter a name.').max(100),
  password: z.string().min(10, 'Use at least 10 characters.').max(200),
});

export const roleListSchema = z.array(z.enum(ROLES)).min(1, 'Pick at least one role.');
