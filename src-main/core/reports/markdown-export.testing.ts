/**
 * Checks an exported Markdown report as a reader's renderer would meet it: every image the .md
 * shows is a relative path to a file in the export (no `data:` URI, nothing outside the folder),
 * and each is a valid PNG (signature, chunk CRCs, inflatable pixel data). Used by the reports
 * service test, the CLI export test and the e2e Reports spec.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { readPngGray } from './png.testing';

export interface CheckedImage {
  path: string;
  width: number;
  height: number;
  /** Share of pixels darker than light gray: a blank image has none. */
  inked: number;
}

/** The image paths of `![alt](path)` in Markdown text, in order. */
export const imageLinks = (md: string): string[] =>
  [...md.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);

export function checkMarkdownExport(dir: string, mdName: string): CheckedImage[] {
  const md = readFileSync(join(dir, mdName), 'utf8');
  if (md.includes('](data:')) throw new Error(`${mdName} embeds a data: URI`);
  return imageLinks(md).map((link) => {
    const path = resolve(dir, decodeURI(link));
    if (relative(dir, path).startsWith('..')) throw new Error(`${link} points outside the export`);
    if (!existsSync(path)) throw new Error(`${mdName} shows ${link}, which is not in the export`);
    const png = readFileSync(path);
    checkPngChunks(png, link);
    const { width, height, gray } = readPngGray(png);
    const inked = gray.filter((g) => g < 200).length / gray.length;
    return { path: link, width, height, inked };
  });
}

function checkPngChunks(png: Buffer, name: string): void {
  const signature = '89504e470d0a1a0a';
  if (png.subarray(0, 8).toString('hex') !== signature) throw new Error(`${name}: not a PNG`);
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const stored = png.readUInt32BE(at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== stored)
      throw new Error(`${name}: bad CRC in chunk ${png.toString('latin1', at + 4, at + 8)}`);
    at += 12 + length;
  }
}

/** Unpacks a .zip with Python's zipfile (an independent reader that checks every CRC-32). */
export function extractZip(zipPath: string, dir: string): string[] {
  const script = [
    'import json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'assert z.testzip() is None',
    'z.extractall(sys.argv[2])',
    'print(json.dumps(z.namelist()))',
  ].join('\n');
  const out = execFileSync('python3', ['-c', script, zipPath, dir], { encoding: 'utf8' });
  return JSON.parse(out) as string[];
}
