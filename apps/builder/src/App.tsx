import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext';
import { RequireAuth } from './auth/RequireAuth';
import { AppLayout } from './components/AppLayout';
import { CustomerProfilePage } from './pages/CustomerProfilePage';
import { CustomersPage } from './pages/CustomersPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { FlowsListPage } from './flows/pages/FlowsListPage';

// The canvas is a lazy route: its code (React Flow, dagre, the panels) loads only when a flow opens.
const FlowEditorPage = lazy(() => import('./flows/pages/FlowEditorPage'));
const canvasRoute = (
  <Suspense fallback={<p className="loading">Loading the canvas…</p>}>
    <FlowEditorPage />
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
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AuthProvider>
  );
}
