import { Link } from 'react-router-dom';
import './forgot-password-link.css';

/** Under the sign-in form: the way to a reset link. */
export function ForgotPasswordLink() {
  return (
    <p className="small forgot-password-link">
      <Link to="/forgot-password">Forgot password?</Link>
    </p>
  );
}
