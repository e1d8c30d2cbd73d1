import { NavLink, Outlet, useNavigate, useParams } from 'react-router';
import { signOut } from '../api/session.js';
import { useSession } from '../auth/use-session.js';
import { useFactories } from './use-factories.js';

/** The frame of every signed-in page: the navigation (factory side, ML side) and the user. */
export function AppLayout() {
  const session = useSession();
  const navigate = useNavigate();
  const params = useParams();
  const factories = useFactories();
  const factory = params['factory'] ?? factories.data?.[0];

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Millrace</span>
        {factory === undefined ? null : (
          <label className="factory-picker">
            <span className="muted">Factory</span>
            <select
              aria-label="Factory"
              value={factory}
              onChange={(event) => void navigate(`/factories/${event.target.value}/pipelines`)}
            >
              {(factories.data ?? [factory]).map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="spacer" />
        <span className="muted" aria-label="Signed in as">
          {session?.userName}
        </span>
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <nav className="side-nav" aria-label="Main">
        {factory === undefined ? null : (
          <>
            <h2>Factory</h2>
            <NavLink to={`/factories/${factory}/pipelines`}>Pipelines</NavLink>
            <NavLink to={`/factories/${factory}/linkedservices`}>Linked services</NavLink>
            <NavLink to={`/factories/${factory}/datasets`}>Datasets</NavLink>
            <NavLink to={`/factories/${factory}/runs`}>Pipeline runs</NavLink>
          </>
        )}
        <h2>Machine learning</h2>
        <NavLink to="/ml/pipelines">Published pipelines</NavLink>
        <NavLink to="/ml/endpoints">Pipeline endpoints</NavLink>
        <NavLink to="/ml/experiments">Experiments</NavLink>
        <NavLink to="/ml/runs">ML runs</NavLink>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
