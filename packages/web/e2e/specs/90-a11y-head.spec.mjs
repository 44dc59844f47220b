// Accessibility audit (axe-core, WCAG 2.1 A/AA): the head's main screens at laptop and tablet width, one
// visit per screen (see e2e/a11y-screens.mjs).
import { auditRole } from '../a11y-screens.mjs';

auditRole('head');
