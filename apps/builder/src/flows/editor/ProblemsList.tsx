import type { FlowProblem } from '@retain/rules';

/** Every problem of the journey; choosing one selects and shows its step. */
export function ProblemsList({ problems, onFocusNode }: { problems: FlowProblem[]; onFocusNode(nodeId: string): void }) {
  return (
    <section className="problems-list" aria-labelledby="problems-title">
      <h2 id="problems-title">{problems.length === 0 ? 'No problems' : `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`}</h2>
      {problems.length === 0 ? (
        <p className="muted">The journey is complete and can be published.</p>
      ) : (
        <ul>
          {problems.map((problem, index) => (
            <li key={index}>
              {problem.nodeId ? (
                <button type="button" className="link-button" onClick={() => onFocusNode(problem.nodeId!)}>
                  {problem.message}
                </button>
              ) : (
                problem.message
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
