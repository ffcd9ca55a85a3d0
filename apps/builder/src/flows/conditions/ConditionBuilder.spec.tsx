import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { validateCondition, type RootCondition } from '@retain/rules';
import { TEST_CATALOGUE } from '../testing/render-panel';
import { ConditionBuilder } from './ConditionBuilder';

function renderBuilder(initial: RootCondition, facts = TEST_CATALOGUE.facts) {
  let latest = initial;
  function Harness() {
    const [value, setValue] = useState(initial);
    return (
      <ConditionBuilder
        label="Filter condition"
        value={value}
        facts={facts}
        segments={TEST_CATALOGUE.segments}
        onChange={(next) => {
          latest = next;
          setValue(next);
        }}
      />
    );
  }
  render(<Harness />);
  return { latest: () => latest };
}

describe('condition builder', () => {
  it('builds field / operator / value rows from the fact catalogue, with inputs suited to the operator', async () => {
    const user = userEvent.setup();
    const { latest } = renderBuilder({ all: [] });
    expect(screen.getByText('No rules yet.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    // the first fact of the catalogue, with its first operator
    expect(latest()).toEqual({ all: [{ fact: 'country', operator: 'equal', value: '' }] });

    await user.selectOptions(screen.getByLabelText('Rule 1 field'), 'Days since last purchase');
    await user.selectOptions(screen.getByLabelText('Rule 1 operator'), 'is between');
    const low = screen.getByLabelText('Rule 1 lowest value');
    const high = screen.getByLabelText('Rule 1 highest value');
    await user.clear(low);
    await user.type(low, '30');
    await user.clear(high);
    await user.type(high, '90');
    expect(latest()).toEqual({ all: [{ fact: 'features.recencyDays', operator: 'between', value: [30, 90] }] });
    expect(validateCondition(latest())).toEqual([]);

    // operators follow the fact's type: a date offers "days ago", segments offer membership
    await user.selectOptions(screen.getByLabelText('Rule 1 field'), 'Signed up');
    const dateOperators = within(screen.getByLabelText('Rule 1 operator')).getAllByRole('option').map((o) => o.textContent);
    expect(dateOperators).toEqual(['was more than … days ago', 'was less than … days ago', 'is known']);
    await user.selectOptions(screen.getByLabelText('Rule 1 field'), 'Segments');
    await user.selectOptions(screen.getByLabelText('Rule 1 value'), 'At Risk');
    expect(latest()).toEqual({ all: [{ fact: 'segments', operator: 'inSegment', value: '3' }] });
  });

  it('nests any-groups inside all-groups, switches a group between all and any, and removes rows and groups', async () => {
    const user = userEvent.setup();
    const { latest } = renderBuilder({ all: [{ fact: 'rfm.segment', operator: 'equal', value: 'Champions' }] });
    expect(screen.getByLabelText('Rule 1 value')).toHaveValue('Champions');

    await user.click(screen.getAllByRole('button', { name: 'Add group' })[0]);
    const nested = screen.getByRole('group', { name: 'Rule 2 group' });
    await user.selectOptions(within(nested).getByLabelText('Rule 2 1 field'), 'Email consent');
    await user.selectOptions(within(nested).getByLabelText('Rule 2 1 value'), 'no');
    expect(latest()).toEqual({
      all: [
        { fact: 'rfm.segment', operator: 'equal', value: 'Champions' },
        { any: [{ fact: 'emailConsent', operator: 'equal', value: false }] },
      ],
    });
    expect(validateCondition(latest())).toEqual([]);

    await user.selectOptions(screen.getByLabelText('Customers match when'), 'any of these is true');
    expect(Object.keys(latest())).toEqual(['any']);

    await user.click(screen.getByRole('button', { name: 'Remove group' }));
    await user.click(screen.getByRole('button', { name: 'Remove Rule 1' }));
    expect(latest()).toEqual({ any: [] });
  });

  it('takes lists typed with commas, and lets a person name any free attribute', async () => {
    const user = userEvent.setup();
    const { latest } = renderBuilder({ all: [{ fact: 'country', operator: 'in', value: [] }] });
    await user.type(screen.getByLabelText('Rule 1 value'), 'France, Spain');
    expect(latest()).toEqual({ all: [{ fact: 'country', operator: 'in', value: ['France', 'Spain'] }] });
    await user.selectOptions(screen.getByLabelText('Rule 1 field'), 'Other attribute…');
    await user.type(screen.getByLabelText('Rule 1 attribute name'), 'Contract');
    expect((latest() as { all: Array<{ fact: string }> }).all[0].fact).toBe('attributes.Contract');
  });

  it('types the field in when there is no catalogue (event properties)', async () => {
    const user = userEvent.setup();
    let latest: RootCondition = { all: [{ fact: '', operator: 'equal', value: '' }] };
    function Harness() {
      const [value, setValue] = useState(latest);
      return <ConditionBuilder label="Event property condition" value={value} facts={null} segments={[]} onChange={(next) => setValue((latest = next))} />;
    }
    render(<Harness />);
    await user.type(screen.getByLabelText('Rule 1 field'), 'cartValue');
    await user.type(screen.getByLabelText('Rule 1 value'), 'big');
    expect(latest).toEqual({ all: [{ fact: 'cartValue', operator: 'equal', value: 'big' }] });
  });
});
