/**
 * Marks what this function owns, with the `Kind/name` of the config that wrote it: on a generated
 * monitor, the whole object; on a scraped object, the prometheus.io annotations it was given. A
 * later run with the same config updates or removes exactly these, and nothing a person wrote.
 */
export const ownerAnnotation = 'prometheus-scraping.fn.kpt.dev/owner';

/**
 * Beside the owner mark: the values a person had set under keys the config then took over, as
 * JSON of the YAML they were written as, so that taking the keys back restores them exactly.
 */
export const replacedAnnotation = 'prometheus-scraping.fn.kpt.dev/replaced';

/** The community keys annotation mode writes; `probe` only on Ingresses. */
export const scrapeAnnotationKeys = [
	'prometheus.io/scrape',
	'prometheus.io/scheme',
	'prometheus.io/path',
	'prometheus.io/port',
	'prometheus.io/probe',
] as const;
