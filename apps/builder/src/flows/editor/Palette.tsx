import type { NodeType } from '@retain/rules';
import { paletteEntries } from '../nodes/node-registry';

export const DRAG_MIME = 'application/x-retain-node-type';

/** Every node type: drag one onto the canvas, or press Enter on it to add it in view. */
export function Palette({ onAdd }: { onAdd(type: NodeType): void }) {
  return (
    <nav className="flow-palette" aria-label="Node palette">
      <h2>Steps</h2>
      <ul>
        {paletteEntries.map((entry) => (
          <li key={entry.type}>
            <button
              type="button"
              className="palette-item"
              draggable
              data-testid={`palette-${entry.type}`}
              onDragStart={(event) => {
                event.dataTransfer.setData(DRAG_MIME, entry.type);
                event.dataTransfer.effectAllowed = 'move';
              }}
              onClick={() => onAdd(entry.type)}
              aria-label={`Add ${entry.title}: ${entry.description}`}
            >
              <span className="flow-node-icon" aria-hidden="true">
                {entry.icon}
              </span>
              <span>
                <strong>{entry.title}</strong>
                <small>{entry.description}</small>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
