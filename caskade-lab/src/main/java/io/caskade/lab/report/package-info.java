/**
 * How results are shown: a console table per scenario with a progress bar while each variant
 * runs, a JSON file of the documented schema, and a self-contained offline HTML report with SVG
 * charts over time per variant.
 */
package io.caskade.lab.report;
