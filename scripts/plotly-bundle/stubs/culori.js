// culori's tree-shakeable entry with the colour spaces plotly's colour code reads
// (components/color): parsing hex, rgb(a), hsl(a) and named colours, converting to
// rgb and hsl, and the linear rgb of the WCAG contrast it picks text colours by.
import { converter, formatHex, formatRgb, modeHsl, modeLrgb, modeRgb, useMode, wcagContrast, wcagLuminance } from 'culori/fn';

useMode(modeRgb);
useMode(modeLrgb);
useMode(modeHsl);
export { converter, formatHex, formatRgb, wcagContrast, wcagLuminance };
