/** What a reader reports while it works through a large source. */
export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  /** The file just read. */
  file: string;
}

export interface ReadOptions {
  onProgress?: (progress: ImportProgress) => void;
}

/** Counts values against the one limit on what an import keeps in memory. */
export class PointBudget {
  private used = 0;

  constructor(
    private readonly limit: number,
    private readonly refuse: (file: string, limit: number) => Error,
  ) {}

  spend(file: string, n = 1): void {
    this.used += n;
    if (this.used > this.limit) throw this.refuse(file, this.limit);
  }
}
