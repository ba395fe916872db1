/**
 * Encyclopedic and everyday paragraphs written for this project (not corpus text) that widen the
 * general class beyond the corpus's eleven Wikipedia articles. They only ever join the fit split.
 */
export const GENERAL_SEED_TEXTS: readonly string[] = [
  'The Nile is a major north-flowing river in northeastern Africa. It flows into the Mediterranean Sea and has been the lifeline of civilisation in Egypt since the Stone Age, with most of the population living along its banks.',
  'Mount Everest, in the Mahalangur Himal range of the Himalayas, is the highest mountain above sea level. The border between Nepal and China runs across its summit, and climbers usually approach it from the southeast ridge.',
  'The honey bee is a social insect that lives in colonies with a single queen, thousands of female workers and a smaller number of male drones. Workers forage for nectar and pollen and communicate the location of flowers through a waggle dance.',
  'Jupiter is the fifth planet from the Sun and the largest in the Solar System. It is a gas giant made mostly of hydrogen and helium, and its Great Red Spot is a storm that has lasted for centuries.',
  'The printing press was developed in Europe around 1440 by Johannes Gutenberg, a goldsmith from Mainz. Movable metal type made books cheaper and helped spread literacy, scholarship and new religious ideas across the continent.',
  'Ludwig van Beethoven was a German composer and pianist whose works span the transition from the Classical to the Romantic era. He continued to compose after losing his hearing, completing his Ninth Symphony in 1824.',
  'Basketball was invented in 1891 by James Naismith, a physical education teacher in Springfield, Massachusetts. Two teams of five players try to score by shooting a ball through a hoop mounted on a backboard.',
  'The Great Wall of China is a series of fortifications built across the historical northern borders of ancient Chinese states. Several walls were built from the 7th century BC, and the best-known sections date from the Ming dynasty.',
  'Volcanoes form where molten rock, called magma, rises through the crust. When pressure builds up, an eruption may send lava, ash and gases into the air, and over many eruptions layers of rock build a cone.',
  'The novel Pride and Prejudice by Jane Austen follows Elizabeth Bennet as she deals with manners, upbringing and marriage in the landed gentry of early nineteenth-century England. It was first published in 1813.',
  'Penguins are flightless seabirds that live almost exclusively in the Southern Hemisphere. Their wings have evolved into flippers for swimming, and the emperor penguin breeds during the Antarctic winter.',
  'The Renaissance was a period of European history that followed the Middle Ages. Artists such as Leonardo da Vinci and Michelangelo studied anatomy and perspective, and scholars revived interest in classical Greek and Latin texts.',
  'We spent Saturday morning at the farmers market, where my sister bought tomatoes, fresh bread and a bunch of flowers. In the afternoon we walked the dog along the canal and stopped for coffee on the way home.',
  'To make a simple omelette, whisk three eggs with a pinch of salt, melt a little butter in a frying pan and pour in the eggs. Stir gently, add grated cheese or herbs, then fold it in half and slide it onto a plate.',
  'The railway from the coast to the capital opened in 1902 and cut the journey from four days by road to eleven hours. Steam locomotives were replaced by diesel engines in the 1960s, and the line was electrified in 1994.',
  'Chess is a board game for two players, each of whom controls sixteen pieces on a board of sixty-four squares. The aim is to checkmate the opposing king, and modern tournaments use clocks to limit the time for moves.',
  'The city hosts a summer festival every July, when the old town squares fill with street musicians, theatre groups and food stalls. The closing night ends with fireworks over the harbour.',
  'Football, known as soccer in some countries, is played by two teams of eleven players. The team that scores more goals wins, and the World Cup, held every four years, is the most widely watched sporting event.',
  "The Moon is Earth's only natural satellite. It orbits at an average distance of about 384,000 kilometres, always showing the same face, and its gravity causes the ocean tides.",
  'Our school library reopened after the summer with new shelves, a reading corner for younger pupils and a small room for the chess club. Volunteers from the parents association painted the walls.',
  'The violin is a wooden string instrument with four strings tuned in perfect fifths. It is usually played with a bow, and it is the smallest and highest-pitched member of the violin family in regular use.',
  'Ancient Egypt was a civilisation of North Africa that coalesced around 3100 BC with the unification of Upper and Lower Egypt. Its pharaohs built pyramids at Giza as tombs, and scribes wrote in hieroglyphs.',
  'Tea is an aromatic drink prepared by pouring hot water over the cured leaves of the tea plant. After water, it is the most widely consumed drink in the world, and it originated in southwest China.',
  'The film follows a young girl who runs away from home and befriends a travelling circus. Critics praised its photography and music, and it won the audience award at the festival in 2011.',
  'Glaciers are slow-moving rivers of ice formed from snow compressed over many years. As they move downhill they carve valleys, and meltwater from them feeds many rivers in spring and summer.',
  'Dear Anna, thank you for the lovely postcard from Lisbon. The weather here has been grey all week, but the garden is full of tulips and the children are looking forward to the holidays. Love, Tom.',
  'The Olympic Games began in ancient Greece at Olympia and were revived in 1896 in Athens. Athletes from around the world now compete in summer and winter games held every four years in different host cities.',
  'Photosynthesis in algae takes place in chloroplasts, where light energy splits water and releases oxygen. The energy is stored in sugars that the organism uses to grow, and algae produce much of the oxygen in the atmosphere.',
];
