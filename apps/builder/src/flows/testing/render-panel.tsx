// Renders a configuration panel the way NodePanel does, holding its data in state, so a test
// types into the form and reads back the node data it produced.
import { render } from '@testing-library/react';
import { useState, type ComponentType } from 'react';
import { defaultNodeData, type NodeDataByType, type NodeType } from '@retain/rules';
import type { FactCatalogue, SegmentRef } from '../../api/flows';
import { ReferenceDataContext } from '../editor/reference-data';
import type { PanelProps } from '../panels/panel-props';

export const TEST_SEGMENTS: SegmentRef[] = [
  { id: 3, name: 'At Risk', kind: 'rule' },
  { id: 7, name: 'Champions', kind: 'rfm' },
];

export const TEST_CATALOGUE: FactCatalogue = {
  attributePrefix: 'attributes.',
  facts: [
    { name: 'country', type: 'text', group: 'customer', label: 'Country' },
    { name: 'emailConsent', type: 'boolean', group: 'customer', label: 'Email consent' },
    { name: 'signupAt', type: 'date', group: 'customer', label: 'Signed up' },
    { name: 'features.recencyDays', type: 'number', group: 'features', label: 'Days since last purchase' },
    { name: 'rfm.segment', type: 'text', group: 'rfm', label: 'RFM segment', values: ['Champions', 'At Risk'] },
    { name: 'segments', type: 'segmentIds', group: 'segments', label: 'Segments' },
  ],
  segments: [{ id: '3', name: 'At Risk', kind: 'rule' }],
};

export function renderPanel<Type extends NodeType>(Panel: ComponentType<PanelProps<Type>>, type: Type, initial?: NodeDataByType[Type], options: { disabled?: boolean } = {}) {
  const seen: Array<NodeDataByType[Type]> = [];
  function Harness() {
    const [data, setData] = useState<NodeDataByType[Type]>(initial ?? defaultNodeData(type));
    return (
      <ReferenceDataContext.Provider value={{ segments: TEST_SEGMENTS, catalogue: TEST_CATALOGUE }}>
        <Panel
          nodeId="n1"
          data={data}
          disabled={options.disabled ?? false}
          onChange={(next) => {
            seen.push(next);
            setData(next);
          }}
        />
      </ReferenceDataContext.Provider>
    );
  }
  const view = render(<Harness />);
  return { ...view, latest: () => seen[seen.length - 1], changes: seen };
}
