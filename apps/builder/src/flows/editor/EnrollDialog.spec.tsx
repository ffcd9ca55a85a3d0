import '@testing-library/jest-dom';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EnrollmentResult } from '../../api/flows';
import { installFakeFetch, type FakeFetch } from '../../testing/fake-fetch';
import { TEST_CATALOGUE, TEST_SEGMENTS } from '../testing/render-panel';
import { describeEnrollment, EnrollDialog } from './EnrollDialog';
import { ReferenceDataContext } from './reference-data';

const answer = (enrolled: number, requested: number, byReason: Record<string, number> = {}): EnrollmentResult => ({
  flowId: 12,
  flowVersion: 1,
  requested,
  enrolled,
  skipped: { total: requested - enrolled, byReason },
});

function renderDialog() {
  const onEnrolled = jest.fn();
  const onCancel = jest.fn();
  render(
    <ReferenceDataContext.Provider value={{ segments: TEST_SEGMENTS, catalogue: TEST_CATALOGUE }}>
      <EnrollDialog flowId={12} onEnrolled={onEnrolled} onCancel={onCancel} />
    </ReferenceDataContext.Provider>,
  );
  return { onEnrolled, onCancel };
}

describe('enrolling customers by hand', () => {
  let fake: FakeFetch | undefined;
  afterEach(() => fake?.restore());

  it("enrolls a segment's members, chosen from the segments the canvas knows", async () => {
    fake = installFakeFetch({ 'POST /api/flows/12/enrollments': { body: answer(40, 42, { 'already-enrolled': 2 }) } });
    const user = userEvent.setup();
    const { onEnrolled } = renderDialog();
    expect(screen.getByRole('dialog', { name: 'Enroll customers' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Enroll' })).toBeDisabled();
    await user.selectOptions(screen.getByLabelText('Segment'), 'Champions');
    await user.click(screen.getByRole('button', { name: 'Enroll' }));
    await waitFor(() => expect(onEnrolled).toHaveBeenCalledWith(answer(40, 42, { 'already-enrolled': 2 })));
    expect(fake.callsTo('POST /api/flows/12/enrollments').map((c) => c.body)).toEqual([{ segmentId: 7 }]);
  });

  it('enrolls customers by their own ids, separated by commas or new lines, and shows what the engine refused', async () => {
    fake = installFakeFetch({
      'POST /api/flows/12/enrollments': { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'No customer has the external id c-9; nobody was enrolled.' } },
    });
    const user = userEvent.setup();
    const { onEnrolled } = renderDialog();
    await user.click(screen.getByLabelText('Customers by their ids'));
    await user.type(screen.getByLabelText(/Customer ids/), 'c-1, c-2{Enter}c-9');
    await user.click(screen.getByRole('button', { name: 'Enroll 3' }));
    expect(await screen.findByText(/No customer has the external id c-9/)).toBeVisible();
    expect(fake.callsTo('POST /api/flows/12/enrollments').map((c) => c.body)).toEqual([{ externalIds: ['c-1', 'c-2', 'c-9'] }]);
    expect(onEnrolled).not.toHaveBeenCalled();
  });

  it('says in words how many entered and why the others did not', () => {
    expect(describeEnrollment(answer(3, 3))).toBe('Enrolled 3 of 3 customers.');
    expect(describeEnrollment(answer(1, 4, { 'already-enrolled': 2, 're-entry': 1 }))).toBe('Enrolled 1 of 4 customers (skipped: 2 already in the journey, 1 not yet allowed back in).');
  });

  it('closes with Escape or Cancel without enrolling anyone', async () => {
    fake = installFakeFetch({});
    const user = userEvent.setup();
    const { onCancel } = renderDialog();
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(2);
    expect(fake.calls).toEqual([]);
  });
});
