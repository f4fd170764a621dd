/** One sentence for any thrown value, for the error banners the stores expose. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'Something went wrong (no message was given).';
}
