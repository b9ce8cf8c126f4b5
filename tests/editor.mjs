// What an editor says about playbooks: runs yaml-language-server (the engine of the YAML
// extensions of VS Code, Neovim and others) on each file with the published schema, offline.
// Usage: node tests/editor.mjs SCHEMA.json FILE.yaml...; prints one JSON object per diagnostic.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { getLanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';

const [schemaPath, ...files] = process.argv.slice(2);
const service = getLanguageService({
  schemaRequestService: async (uri) => { throw new Error(`no network: ${uri}`); },
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
});
service.configure({
  validate: true,
  schemas: [{ uri: pathToFileURL(schemaPath).href, fileMatch: ['*.yaml'],
              schema: JSON.parse(readFileSync(schemaPath, 'utf8')) }],
});
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const document = TextDocument.create(pathToFileURL(file).href, 'yaml', 1, text);
  for (const found of await service.doValidation(document, false)) {
    const { line, character } = found.range.start;
    console.log(JSON.stringify({ file, line: line + 1, col: character + 1, message: found.message }));
  }
}
