// The OWL API's reading of an RDF document: axioms, individuals, and the OWL 2 DL profile report.
// Run by benchmarks/owl_export.py with the OWL API that owlready2's HermiT.jar carries:
//     java -cp .../owlready2/hermit/HermiT.jar benchmarks/OwlProfile.java balises.owl
// (Java 11 or later runs a source file directly; a JDK is needed, a JRE alone has no compiler.)

import java.io.File;
import java.util.Map;
import java.util.TreeMap;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlProfile {
    public static void main(String[] args) throws Exception {
        OWLOntology ontology = OWLManager.createOWLOntologyManager()
            .loadOntologyFromOntologyDocument(new File(args[0]));
        System.out.println("axioms\t" + ontology.getAxiomCount());
        System.out.println("logical axioms\t" + ontology.getLogicalAxiomCount());
        System.out.println("individuals\t" + ontology.getIndividualsInSignature().size());
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        Map<String, Integer> kinds = new TreeMap<>();
        Map<String, String> examples = new TreeMap<>();
        for (OWLProfileViolation violation : report.getViolations()) {
            String kind = violation.getClass().getSimpleName();
            kinds.merge(kind, 1, Integer::sum);
            String text = violation.toString().replace("\n", " ").replace("\t", " ");
            examples.putIfAbsent(kind, text.substring(0, Math.min(110, text.length())));
        }
        for (Map.Entry<String, Integer> kind : kinds.entrySet()) {
            System.out.println("violation\t" + kind.getKey() + "\t" + kind.getValue() + "\t" + examples.get(kind.getKey()));
        }
    }
}
