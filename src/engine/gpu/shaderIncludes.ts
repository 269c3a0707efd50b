// The one template step WGSL gets: a line `// #include "name.wgsl"` is replaced by that library file.
// WGSL has no includes; the directive is a comment, so a kernel file still reads as WGSL and says
// which library it needs. Only the files listed here can be included, and each at most once.
import hashSource from '../../../shaders/hash_uniform.wgsl?raw';
import memberRowsSource from '../../../shaders/member_rows.wgsl?raw';
import membersSource from '../../../shaders/members.wgsl?raw';

const LIBRARIES: Record<string, string> = {
  'hash_uniform.wgsl': hashSource,
  'members.wgsl': membersSource,
  'member_rows.wgsl': memberRowsSource,
};

const INCLUDE = /^\/\/ #include "([^"]+)"\s*$/gm;

/** `code` with each `// #include "file"` line replaced by the library's source. */
export function resolveIncludes(code: string, libraries: Record<string, string> = LIBRARIES): string {
  const seen = new Set<string>();
  return code.replace(INCLUDE, (_line, name: string) => {
    const library = libraries[name];
    if (library === undefined) throw new Error(`WGSL include "${name}" is not a known library`);
    if (seen.has(name)) return '';
    seen.add(name);
    return library;
  });
}
