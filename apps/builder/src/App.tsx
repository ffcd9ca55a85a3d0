import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext';
import { RequireAuth } from './auth/RequireAuth';
import { AppLayout } from './components/AppLayout';
import { CustomerProfilePage } from './pages/CustomerProfilePage';
import { CustomersPage } from './pages/CustomersPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { AdminApiKeysPage } from './pages/AdminApiKeysPage';
import { AdminUsersPage } from './pages/AdminUsersPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { ClustersPage } from './pages/ClustersPage';
import { ModelsPage } from './pages/ModelsPage';
import { RfmGridPage } from './pages/RfmGridPage';
import { SegmentDetailPage } from './pages/SegmentDetailPage';
import { SegmentsPage } from './pages/SegmentsPage';
import FlowEditorPage from './flows/pages/FlowEditorPage';
import { FlowsListPage } from './flows/pages/FlowsListPage';
import { FlowResultsPage } from './pages/FlowResultsPage';
import { KpisPage } from './pages/KpisPage';

// The canvas page itself is small: it loads the editor's code (React Flow, dagre, the panels)
// only when a flow opens, at the same time as the journey's data.
const canvasRoute = <FlowEditorPage />;

// The segment form is lazy too: its condition builder brings @retain/rules' operator table.
const SegmentEditPage = lazy(() => import('./pages/SegmentEditPage').then((m) => ({ default: m.SegmentEditPage })));
const segmentFormRoute = (
  <Suspense fallback={<p className="loading">Loading the segment form…</p>}>
    <SegmentEditPage />
  </Suspense>
);

/** The builder's routes; everything but the login page needs a signed-in person. */
export function App() {
  return (
    <AuthProvider>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<Navigate to="/customers" replace />} />
          <Route path="customers" element={<CustomersPage />} />
          <Route path="customers/:id" element={<CustomerProfilePage />} />
          <Route path="flows" element={<FlowsListPage />} />
          <Route path="flows/:id" element={canvasRoute} />
          <Route path="flows/:id/versions/:version" element={canvasRoute} />
          <Route path="flows/:id/results" element={<FlowResultsPage />} />
          <Route path="kpis" element={<KpisPage />} />
          <Route path="segments" element={<SegmentsPage />} />
          <Route path="segments/new" element={segmentFormRoute} />
          <Route path="segments/rfm" element={<RfmGridPage />} />
          <Route path="segments/clusters" element={<ClustersPage />} />
          <Route path="segments/:id" element={<SegmentDetailPage />} />
          <Route path="segments/:id/edit" element={segmentFormRoute} />
          <Route path="models" element={<ModelsPage />} />
          <Route path="models/:id" element={<ModelsPage />} />
          <Route path="admin" element={<Navigate to="/admin/users" replace />} />
          <Route path="admin/users" element={<AdminUsersPage />} />
          <Route path="admin/api-keys" element={<AdminApiKeysPage />} />
          <Route path="admin/audit" element={<AuditLogPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AuthProvider>
  );
}
