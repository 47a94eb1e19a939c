import { execFileSync } from 'node:child_process';

/**
 * `npm run lint`'s second half: dependency-cruiser with Hearth's rules (.dependency-cruiser.cjs)
 * holds every import edge; this holds the folders. It collapses the import graph to the folders of
 * shared/ and fails on any cycle between them that a capability is in (workshops → surveys →
 * workshops through two different files is a cycle no single-module rule sees). Prints the folder
 * graph's cycle count either way: `tsx infra/layers.ts`. With `--mermaid` it prints the picture
 * of docs/architecture.md instead, from the same imports.
 */
export const CAPABILITIES = ['workshops', 'reminders', 'surveys', 'mailing-list', 'campaigns', 'console', 'people', 'groups'] as const;

interface Cruised {
  modules: { source: string; dependencies: { resolved: string; coreModule?: boolean; couldNotResolve?: boolean }[] }[];
}

/** The two files that name every capability, above them all (.dependency-cruiser.cjs): not in the folder graph. */
const COMPOSITION = /^shared\/(catalog|catalog-groups|catalog-people|catalog-retention|function-spec|inventory|openapi|routes)\.ts$/;

/** shared/<folder>, or `shared` for the files at shared/'s top; undefined outside shared/ and for the composition roots. */
export const folderOf = (path: string): string | undefined => {
  if (COMPOSITION.test(path)) return undefined;
  const [top, folder, ...rest] = path.split('/');
  if (top !== 'shared') return undefined;
  return rest.length ? `shared/${folder}` : 'shared';
};

/** The folder graph: an edge for every import from one folder of shared/ into another. */
export const folderGraph = (cruised: Cruised): Map<string, Set<string>> => {
  const graph = new Map<string, Set<string>>();
  for (const module of cruised.modules) {
    const from = folderOf(module.source);
    if (!from) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    for (const dependency of module.dependencies) {
      const to = dependency.coreModule || dependency.couldNotResolve ? undefined : folderOf(dependency.resolved);
      if (to && to !== from) graph.get(from)!.add(to);
    }
  }
  return graph;
};

/** Every elementary cycle of the graph (Johnson's idea, simply: from each node, paths back to it through larger nodes only). */
export const cyclesOf = (graph: Map<string, Set<string>>): string[][] => {
  const nodes = [...graph.keys()].sort();
  const cycles: string[][] = [];
  for (const [index, start] of nodes.entries()) {
    const allowed = new Set(nodes.slice(index));
    const walk = (node: string, path: string[]) => {
      for (const next of graph.get(node) ?? []) {
        if (next === start) cycles.push([...path]);
        else if (allowed.has(next) && !path.includes(next)) walk(next, [...path, next]);
      }
    };
    walk(start, [start]);
  }
  return cycles;
};

const KERNEL_FOLDERS = new Set(['shared', 'shared/kernel', 'shared/db', 'shared/events', 'shared/http', 'shared/mail', 'shared/ui']);

/** The layer a file belongs to, as the picture in docs/architecture.md names it. */
export const layerOf = (path: string): string | undefined => {
  if (COMPOSITION.test(path)) return 'composition';
  if (path.startsWith('functions/')) return 'handlers';
  if (path.startsWith('infra/')) return 'infra';
  const folder = folderOf(path);
  if (!folder) return undefined;
  if (KERNEL_FOLDERS.has(folder)) return 'kernel';
  return folder === 'shared/web' ? 'views' : folder.slice('shared/'.length);
};

/**
 * The dependency picture of docs/architecture.md, from the imports as they are: one arrow for each
 * pair of layers with an import between them (within a layer not drawn), sorted.
 */
export const mermaidOf = (cruised: Cruised): string => {
  const edges = new Set<string>();
  for (const module of cruised.modules) {
    const from = layerOf(module.source);
    for (const dependency of module.dependencies) {
      const to = dependency.coreModule || dependency.couldNotResolve ? undefined : layerOf(dependency.resolved);
      if (from && to && from !== to) edges.add(`  ${from.replace('-', '_')} --> ${to.replace('-', '_')}`);
    }
  }
  return ['flowchart TD', ...[...edges].sort()].join('\n');
};

export const cruiseHearth = (): Cruised =>
  JSON.parse(
    execFileSync('node_modules/.bin/depcruise', ['shared', 'functions', 'infra', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }),
  ) as Cruised;

const main = () => {
  const cruised = cruiseHearth();
  if (process.argv.includes('--mermaid')) {
    console.log(mermaidOf(cruised));
    return;
  }
  const cycles = cyclesOf(folderGraph(cruised));
  const capabilityFolders = new Set(CAPABILITIES.map((name) => `shared/${name}`));
  const bad = cycles.filter((cycle) => cycle.some((folder) => capabilityFolders.has(folder)));
  console.log(`Folder cycles in shared/: ${cycles.length}, with a capability in them: ${bad.length}`);
  for (const cycle of cycles) console.log(`  ${[...cycle, cycle[0]].join(' → ')}`);
  if (bad.length) process.exit(1);
};

if (process.argv[1]?.endsWith('layers.ts')) main();
