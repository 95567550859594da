/**
 * ts-morph, loaded the way CommonJS is loaded.
 *
 * ts-morph is a CommonJS package. When an ES module imports one, Node first reads the file with
 * its CommonJS export lexer to learn the export names: for ts-morph (1 MB) that is about 0.1 s of
 * every run, more than leakmod's own modules take to load, and a tenth of what `tsc` takes on a
 * small project. This file is itself CommonJS (a `.cts`), so `require` loads ts-morph without the
 * lexer, and the lexer reads only these few lines. Every module of leakmod imports ts-morph from
 * here; the types are ts-morph's own.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loading it with require is the point
import tsMorph = require("ts-morph");

export import ts = tsMorph.ts;
export import Project = tsMorph.Project;
export type SourceFile = tsMorph.SourceFile;
