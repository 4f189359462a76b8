/** A Gong user as the replica keeps it. */
export interface UserRecord {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  managerId: string | null;
  active: boolean;
  phoneNumber: string | null;
  created: string | null;
  emailAliases: string[];
}

export interface WorkspaceRecord {
  id: string;
  name: string;
  description: string | null;
}

export function userDisplayName(u: Pick<UserRecord, 'firstName' | 'lastName' | 'email'>): string | null {
  const name = [u.firstName, u.lastName].filter(Boolean).join(' ').trim();
  return name || u.email;
}
