/** User status (§7.6). */
export const UserStatus = { Active: 1, Inactive: 2 } as const;
export type UserStatus = (typeof UserStatus)[keyof typeof UserStatus];
export const USER_STATUSES: readonly UserStatus[] = [1, 2];
