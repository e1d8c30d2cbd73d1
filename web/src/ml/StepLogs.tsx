import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { useStepLog } from './ml-queries.js';
import type { LogStream, StepRun } from './ml-workspace-api.js';
import { isActive, tailLines } from './run-facts.js';

/** Lines the log view shows until asked for all. */
const TAIL_LINES = 500;
const STREAMS: readonly LogStream[] = ['stdout', 'stderr'];

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  URL.revokeObjectURL(url);
}

/** A step's stdout or stderr: the tail, following new lines while the step runs. */
export function StepLogs({ runId, step }: { readonly runId: string; readonly step: StepRun }) {
  const [stream, setStream] = useState<LogStream>('stdout');
  const [showAll, setShowAll] = useState(false);
  const log = useStepLog(runId, step.Name, stream, step.Status);
  const view = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  const text = log.data ?? '';
  const tail = showAll ? tailLines(text, Number.MAX_SAFE_INTEGER) : tailLines(text, TAIL_LINES);

  // New lines scroll into view, unless the reader scrolled up to read earlier ones.
  useLayoutEffect(() => {
    const element = view.current;
    if (element !== null && following.current) element.scrollTop = element.scrollHeight;
  }, [tail.text]);
  useEffect(() => {
    following.current = true;
  }, [stream, step.Name]);

  return (
    <div className="ml-logs">
      <div className="toolbar">
        <div role="group" aria-label="Log stream" className="ml-segmented">
          {STREAMS.map((name) => (
            <button
              key={name}
              type="button"
              aria-pressed={stream === name}
              onClick={() => {
                setStream(name);
                setShowAll(false);
              }}
            >
              {name}
            </button>
          ))}
        </div>
        <button
          type="button"
          disabled={log.data === undefined}
          onClick={() => download(text, `${runId}-${step.Name}-${stream}.txt`)}
        >
          Download
        </button>
        {isActive(step.Status) ? (
          <span className="muted small" role="status">
            Live: refreshing while the step runs
          </span>
        ) : null}
      </div>
      {log.isPending ? <Loading what={`${stream}`} /> : null}
      {log.error ? <ErrorMessage error={log.error} title={`Reading ${stream}`} /> : null}
      {log.data === undefined ? null : (
        <>
          {tail.hiddenLines > 0 ? (
            <p className="small muted">
              Showing the last {TAIL_LINES} of {tail.totalLines} lines.{' '}
              <button type="button" className="ml-link-button" onClick={() => setShowAll(true)}>
                Show all
              </button>
            </p>
          ) : null}
          <pre
            ref={view}
            className="ml-log-text"
            tabIndex={0}
            aria-label={`${step.Name} ${stream}`}
            onScroll={(event) => {
              const element = event.currentTarget;
              following.current =
                element.scrollHeight - element.scrollTop - element.clientHeight < 24;
            }}
          >
            {text === '' ? <span className="muted">({stream} is empty)</span> : tail.text}
          </pre>
        </>
      )}
    </div>
  );
}
