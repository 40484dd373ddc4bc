// Compiles a Vega-Lite spec and runs it headless in Vega, collecting every
// warning, so a spec test fails on a spec that would draw wrong or not at all.

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface Rendered {
  vg: vega.Spec;
  view: vega.View;
  svg: string;
  warnings: string[];
}

export async function render(spec: TopLevelSpec): Promise<Rendered> {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => {
      throw new Error(a.map(String).join(' '));
    },
    warn: (...a: unknown[]) => {
      warnings.push(a.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  const vg = compile(spec, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  view.logger(logger as never);
  await view.runAsync();
  const svg = await view.toSVG();
  view.finalize();
  return { vg, view, svg, warnings };
}

/** Every unit/layer spec in a tree, depth first. */
export function units(spec: unknown): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const walk = (s: any) => {
    if (!s || typeof s !== 'object') return;
    if (s.mark) out.push(s);
    for (const k of ['layer', 'hconcat', 'vconcat', 'concat']) if (Array.isArray(s[k])) s[k].forEach(walk);
  };
  walk(spec);
  return out;
}

export function markTypes(spec: unknown): string[] {
  return units(spec).map((u) => (typeof u.mark === 'string' ? u.mark : u.mark.type));
}

/** The drawn marks of a rendered view (axes, legends and titles left out): their type, role and item count. */
export function drawnMarks(view: vega.View): { type: string; role: string; items: number }[] {
  const out: { type: string; role: string; items: number }[] = [];
  const walk = (node: any, guide: boolean) => {
    if (!node) return;
    if (node.marktype) {
      const role = String(node.role ?? '');
      const isGuide = guide || /axis|legend|title/.test(role);
      if (!isGuide && node.marktype !== 'group') out.push({ type: node.marktype, role, items: node.items?.length ?? 0 });
      for (const item of node.items ?? []) for (const child of item.items ?? []) walk(child, isGuide);
    }
  };
  walk((view.scenegraph() as any).root, false);
  return out;
}
