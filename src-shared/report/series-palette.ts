/**
 * The chart series colours of the app and of its reports, per theme. Here, in src-shared, so the
 * reports (which cannot import the renderer) draw with the same colours as the app's light theme.
 */

/**
 * The series colours: the hues of Tableau 10 and then a darker ten, in that
 * order in both themes; only the lightness of each moves, per theme, so that it keeps 3:1 on the
 * surface (#ffffff light, #181c22 dark) and every pair stays at least 0.06 apart in Oklab (the
 * unadjusted palette's closest pair was 0.057). Chosen by a search over each colour's Oklab
 * lightness that maximises the closest pair, preferring small moves; src-renderer/src/charts/palette.test.ts checks it.
 * Reports, printed on white, draw with the light list.
 */
export const seriesPalettes = {
  light: [
    '#4d78a6',
    '#d77500',
    '#e95e5f',
    '#599995',
    '#58a04e',
    '#927000',
    '#b17ba2',
    '#a44b58',
    '#9a735d',
    '#968d89',
    '#1e4d78',
    '#b25805',
    '#8c1d18',
    '#30807b',
    '#2e6b28',
    '#a78900',
    '#6f3f66',
    '#c35a69',
    '#5c4033',
    '#6f6b67',
  ],
  dark: [
    '#5884b2',
    '#f38f2c',
    '#e95e5f',
    '#75b6b1',
    '#58a04e',
    '#ecc846',
    '#b17ba2',
    '#ff9ea8',
    '#9d7660',
    '#b9afab',
    '#416f9d',
    '#b25805',
    '#f68072',
    '#30807b',
    '#3d7936',
    '#a78900',
    '#8d5b83',
    '#c35a69',
    '#ad8d7f',
    '#6f6b67',
  ],
} as const;
