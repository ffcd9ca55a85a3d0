// A valid 200-node journey for the canvas benchmark: a manual trigger, then 49 blocks of
// A/B split → (A: email, B: offer) → wait, laid out on a 7 × 7 grid so that fit view shows all of
// them, and a webhook → email → exit tail. Every node uses the rules' default data, with its own
// experiment key per split.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { defaultNodeData, FLOW_SCHEMA_VERSION } = createRequire(import.meta.url)(path.join(root, 'libs', 'rules', 'dist', 'index.js'));

const BLOCKS = 49;
const COLUMNS = 7;
const CELL = { width: 620, height: 480 };

export function flow200() {
  const nodes = [];
  const edges = [];
  const add = (id, type, x, y, data = defaultNodeData(type)) => nodes.push({ id, type, position: { x, y }, data });
  const link = (source, sourceHandle, target) => edges.push({ id: `e-${source}-${sourceHandle}-${target}`, source, sourceHandle, target, targetHandle: 'in' });

  add('trigger', 'trigger', 190, -200);
  let previous = { id: 'trigger', handle: 'next' };
  for (let b = 0; b < BLOCKS; b++) {
    const x = (b % COLUMNS) * CELL.width;
    const y = Math.floor(b / COLUMNS) * CELL.height;
    const split = `split-${b}`;
    add(split, 'abSplit', x + 190, y, { ...defaultNodeData('abSplit'), experimentKey: `bench-200-${b}` });
    add(`email-${b}`, 'email', x, y + 150);
    add(`offer-${b}`, 'offer', x + 380, y + 150);
    add(`wait-${b}`, 'wait', x + 190, y + 300);
    link(previous.id, previous.handle, split);
    link(split, 'A', `email-${b}`);
    link(split, 'B', `offer-${b}`);
    link(`email-${b}`, 'next', `wait-${b}`);
    link(`offer-${b}`, 'next', `wait-${b}`);
    previous = { id: `wait-${b}`, handle: 'next' };
  }
  const tailY = Math.ceil(BLOCKS / COLUMNS) * CELL.height;
  add('webhook-last', 'webhook', 190, tailY);
  add('email-last', 'email', 190, tailY + 150);
  add('exit', 'exit', 190, tailY + 300);
  link(previous.id, previous.handle, 'webhook-last');
  link('webhook-last', 'next', 'email-last');
  link('email-last', 'next', 'exit');
  return { schemaVersion: FLOW_SCHEMA_VERSION, nodes, edges };
}
