// Minimum strength for local accounts: length and at least three character classes.
export const PASSWORD_MIN_LENGTH = 10;

export function passwordProblem(pw: string, username?: string): 'length' | 'classes' | 'username' | null {
  if (pw.length < PASSWORD_MIN_LENGTH) return 'length';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(pw)).length;
  if (classes < 3) return 'classes';
  if (username && pw.toLowerCase().includes(username.toLowerCase())) return 'username';
  return null;
}
