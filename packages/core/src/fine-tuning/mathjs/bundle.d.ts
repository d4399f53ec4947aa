/** mathjs's prebuilt single-file bundle (an official export of the package): the same API as "mathjs". */
declare module "mathjs/lib/browser/math.js" {
  const math: typeof import("mathjs");
  export default math;
}
