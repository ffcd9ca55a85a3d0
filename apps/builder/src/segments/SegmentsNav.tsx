import { NavLink } from 'react-router-dom';

/** The segment screens: the list, the RFM grid and the clusters. */
export function SegmentsNav() {
  return (
    <nav className="sub-nav" aria-label="Segmentation">
      <NavLink to="/segments" end>
        Segments
      </NavLink>
      <NavLink to="/segments/rfm">RFM grid</NavLink>
      <NavLink to="/segments/clusters">Clusters</NavLink>
    </nav>
  );
}
