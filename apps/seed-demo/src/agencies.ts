import { AgencyType, Province, Service } from '@app/domain';

/**
 * Every agency the seeder registers has an id starting with this. The safety check relies on it:
 * a case led by any other agency is someone's real data.
 */
export const DEMO_PREFIX = 'demo-';

export interface DemoAgency {
  agencyId: string;
  name: string;
  type: AgencyType;
  province: Province;
  /** Where the agency sits; cases it opens are mostly identified here. */
  district: string;
  services: Service[];
}

/** Districts by province, the ones where cases are identified. */
export const DISTRICTS: Readonly<Record<Province, readonly string[]>> = {
  punjab: [
    'Lahore',
    'Faisalabad',
    'Rawalpindi',
    'Gujranwala',
    'Multan',
    'Sialkot',
    'Gujrat',
    'Mandi Bahauddin',
    'Rahim Yar Khan',
    'Kasur',
    'Sheikhupura',
    'Bahawalpur',
    'Dera Ghazi Khan',
  ],
  sindh: ['Karachi', 'Hyderabad', 'Sukkur', 'Larkana', 'Thatta', 'Tharparkar', 'Badin'],
  'khyber-pakhtunkhwa': [
    'Peshawar',
    'Mardan',
    'Swat',
    'Abbottabad',
    'Kohat',
    'Dera Ismail Khan',
    'Khyber',
    'Nowshera',
  ],
  balochistan: ['Quetta', 'Gwadar', 'Kech', 'Chagai', 'Killa Abdullah', 'Pishin', 'Lasbela'],
  'islamabad-capital-territory': ['Islamabad'],
  'gilgit-baltistan': ['Gilgit', 'Skardu', 'Hunza', 'Nagar', 'Ghizer'],
  'azad-jammu-kashmir': ['Muzaffarabad', 'Mirpur', 'Kotli', 'Bhimber', 'Bagh'],
};

const agency = (
  slug: string,
  name: string,
  type: AgencyType,
  province: Province,
  district: string,
  services: Service[] = [],
): DemoAgency => ({
  agencyId: `${DEMO_PREFIX}${slug}`,
  // Marked in the name too, so a screen or report that shows names shows what is fictitious.
  name: `${name} (demo)`,
  type,
  province,
  district,
  services,
});

const SHELTER: Service[] = ['shelter', 'medical', 'psychosocial'];
const SWD: Service[] = ['reintegration', 'education-vocational', 'psychosocial'];
const CHILD: Service[] = ['shelter', 'psychosocial', 'family-tracing', 'education-vocational'];

export const DEMO_AGENCIES: readonly DemoAgency[] = [
  // FIA anti-human-trafficking circles, at the airports and border crossings they cover.
  agency('fia-ahtc-lahore', 'FIA AHT Circle Lahore', 'fia', 'punjab', 'Lahore'),
  agency('fia-circle-gujranwala', 'FIA AHT Circle Gujranwala', 'fia', 'punjab', 'Gujranwala'),
  agency('fia-ahtc-karachi', 'FIA AHT Circle Karachi', 'fia', 'sindh', 'Karachi'),
  agency(
    'fia-ahtc-islamabad',
    'FIA AHT Circle Islamabad',
    'fia',
    'islamabad-capital-territory',
    'Islamabad',
  ),
  agency('fia-ahtc-peshawar', 'FIA AHT Circle Peshawar', 'fia', 'khyber-pakhtunkhwa', 'Peshawar'),
  agency('fia-ahtc-quetta', 'FIA AHT Circle Quetta', 'fia', 'balochistan', 'Quetta'),
  agency('fia-circle-gilgit', 'FIA Circle Gilgit', 'fia', 'gilgit-baltistan', 'Gilgit'),
  agency(
    'fia-circle-muzaffarabad',
    'FIA Circle Muzaffarabad',
    'fia',
    'azad-jammu-kashmir',
    'Muzaffarabad',
  ),

  agency('police-lahore', 'Punjab Police, Lahore', 'police', 'punjab', 'Lahore'),
  agency(
    'police-rahim-yar-khan',
    'Punjab Police, Rahim Yar Khan',
    'police',
    'punjab',
    'Rahim Yar Khan',
  ),
  agency('police-karachi-south', 'Sindh Police, Karachi South', 'police', 'sindh', 'Karachi'),
  agency('police-hyderabad', 'Sindh Police, Hyderabad', 'police', 'sindh', 'Hyderabad'),
  agency(
    'police-islamabad',
    'Islamabad Capital Police',
    'police',
    'islamabad-capital-territory',
    'Islamabad',
  ),
  agency('police-peshawar', 'KP Police, Peshawar', 'police', 'khyber-pakhtunkhwa', 'Peshawar'),
  agency('police-quetta', 'Balochistan Police, Quetta', 'police', 'balochistan', 'Quetta'),
  agency('police-gilgit', 'GB Police, Gilgit', 'police', 'gilgit-baltistan', 'Gilgit'),
  agency('police-mirpur', 'AJK Police, Mirpur', 'police', 'azad-jammu-kashmir', 'Mirpur'),

  agency(
    'swd-punjab',
    'Social Welfare Department Punjab',
    'social-welfare',
    'punjab',
    'Lahore',
    SWD,
  ),
  agency('swd-sindh', 'Social Welfare Department Sindh', 'social-welfare', 'sindh', 'Karachi', SWD),
  agency(
    'swd-kp',
    'Social Welfare Department Khyber Pakhtunkhwa',
    'social-welfare',
    'khyber-pakhtunkhwa',
    'Peshawar',
    SWD,
  ),
  agency(
    'swd-balochistan',
    'Social Welfare Department Balochistan',
    'social-welfare',
    'balochistan',
    'Quetta',
    SWD,
  ),
  agency(
    'swd-ict',
    'Social Welfare Directorate Islamabad',
    'social-welfare',
    'islamabad-capital-territory',
    'Islamabad',
    SWD,
  ),
  agency(
    'swd-gb',
    'Social Welfare Department Gilgit-Baltistan',
    'social-welfare',
    'gilgit-baltistan',
    'Gilgit',
    SWD,
  ),
  agency(
    'swd-ajk',
    'Social Welfare Department AJK',
    'social-welfare',
    'azad-jammu-kashmir',
    'Muzaffarabad',
    SWD,
  ),

  agency(
    'cpwb-punjab',
    'Child Protection & Welfare Bureau Punjab',
    'child-protection',
    'punjab',
    'Lahore',
    CHILD,
  ),
  agency(
    'cpa-sindh',
    'Sindh Child Protection Authority',
    'child-protection',
    'sindh',
    'Karachi',
    CHILD,
  ),
  agency(
    'cpwc-kp',
    'KP Child Protection & Welfare Commission',
    'child-protection',
    'khyber-pakhtunkhwa',
    'Peshawar',
    CHILD,
  ),
  agency(
    'cpu-quetta',
    'Child Protection Unit Quetta',
    'child-protection',
    'balochistan',
    'Quetta',
    CHILD,
  ),
  agency(
    'cpu-islamabad',
    'Child Protection Unit Islamabad',
    'child-protection',
    'islamabad-capital-territory',
    'Islamabad',
    CHILD,
  ),

  agency('dar-ul-aman-lahore', 'Dar-ul-Aman Lahore', 'shelter', 'punjab', 'Lahore', SHELTER),
  agency('dar-ul-aman-multan', 'Dar-ul-Aman Multan', 'shelter', 'punjab', 'Multan', [
    'shelter',
    'medical',
  ]),
  agency('dar-ul-aman-karachi', 'Dar-ul-Aman Karachi', 'shelter', 'sindh', 'Karachi', SHELTER),
  agency('dar-ul-aman-hyderabad', 'Dar-ul-Aman Hyderabad', 'shelter', 'sindh', 'Hyderabad', [
    'shelter',
  ]),
  agency(
    'dar-ul-aman-peshawar',
    'Dar-ul-Aman Peshawar',
    'shelter',
    'khyber-pakhtunkhwa',
    'Peshawar',
    SHELTER,
  ),
  agency('dar-ul-aman-quetta', 'Dar-ul-Aman Quetta', 'shelter', 'balochistan', 'Quetta', [
    'shelter',
    'medical',
  ]),
  agency(
    'dar-ul-aman-islamabad',
    'Dar-ul-Aman Islamabad',
    'shelter',
    'islamabad-capital-territory',
    'Islamabad',
    SHELTER,
  ),
  agency('dar-ul-aman-gilgit', 'Dar-ul-Aman Gilgit', 'shelter', 'gilgit-baltistan', 'Gilgit', [
    'shelter',
  ]),
  agency(
    'dar-ul-aman-muzaffarabad',
    'Dar-ul-Aman Muzaffarabad',
    'shelter',
    'azad-jammu-kashmir',
    'Muzaffarabad',
    ['shelter'],
  ),

  agency('ngo-legal-aid-lahore', 'Legal Aid Society Lahore', 'ngo', 'punjab', 'Lahore', [
    'legal-aid',
    'interpretation',
  ]),
  agency('ngo-kiln-workers-kasur', 'Brick Kiln Workers Support Kasur', 'ngo', 'punjab', 'Kasur', [
    'legal-aid',
    'reintegration',
    'education-vocational',
  ]),
  agency('ngo-care-karachi', 'Karachi Survivors Care', 'ngo', 'sindh', 'Karachi', [
    'psychosocial',
    'medical',
    'legal-aid',
  ]),
  agency(
    'ngo-migrant-support-peshawar',
    'Migrant Support Peshawar',
    'ngo',
    'khyber-pakhtunkhwa',
    'Peshawar',
    ['repatriation', 'interpretation', 'family-tracing', 'legal-aid'],
  ),
  agency('ngo-border-aid-quetta', 'Border Aid Quetta', 'ngo', 'balochistan', 'Quetta', [
    'repatriation',
    'interpretation',
    'medical',
  ]),
  agency(
    'ngo-rights-islamabad',
    'Rights Helpdesk Islamabad',
    'ngo',
    'islamabad-capital-territory',
    'Islamabad',
    ['legal-aid', 'psychosocial', 'repatriation', 'interpretation'],
  ),
  agency('ngo-mountain-care-gilgit', 'Mountain Care Gilgit', 'ngo', 'gilgit-baltistan', 'Gilgit', [
    'psychosocial',
    'reintegration',
  ]),
  agency('ngo-hope-mirpur', 'Hope Mirpur', 'ngo', 'azad-jammu-kashmir', 'Mirpur', [
    'reintegration',
    'education-vocational',
    'legal-aid',
  ]),

  agency(
    'oversight-monitoring-cell',
    'National Anti-Trafficking Monitoring Cell',
    'oversight',
    'islamabad-capital-territory',
    'Islamabad',
  ),
];

/** Where a province without an agency of some type sends its cases. */
const NEAREST: Readonly<Record<Province, readonly Province[]>> = {
  punjab: ['islamabad-capital-territory'],
  sindh: ['balochistan', 'punjab'],
  'khyber-pakhtunkhwa': ['islamabad-capital-territory', 'punjab'],
  balochistan: ['sindh'],
  'islamabad-capital-territory': ['punjab'],
  'gilgit-baltistan': ['khyber-pakhtunkhwa', 'islamabad-capital-territory'],
  'azad-jammu-kashmir': ['islamabad-capital-territory', 'punjab'],
};

/** Agencies of `type` in `province`, or else in the nearest province that has some. */
export function agenciesNear(type: AgencyType, province: Province): DemoAgency[] {
  for (const where of [province, ...NEAREST[province]]) {
    const found = DEMO_AGENCIES.filter((a) => a.type === type && a.province === where);
    if (found.length > 0) return found;
  }
  return DEMO_AGENCIES.filter((a) => a.type === type);
}
